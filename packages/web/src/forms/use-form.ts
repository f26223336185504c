import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type * as v from "valibot";
import type { ErrorSummaryProps } from "../components/error-summary";
import { type FieldErrors, problemFrom, validate } from "./problems";

export interface UseFormOptions<S extends v.GenericSchema, K extends string> {
  schema: S;
  /** The input names the form reads (from FormData) and shows errors for. */
  fields: readonly K[];
  onSubmit(output: v.InferOutput<S>): Promise<void>;
}

/**
 * The submit cycle every form shares: read the inputs, validate with the API's own
 * schema, send, and map a refusal onto the fields.
 *
 * Focus never leaves the form: the submit button stays focusable while busy, and after a
 * failed attempt focus goes to the error summary (an alert), so the problem is announced
 * even when the field at fault already had focus.
 */
export function useForm<S extends v.GenericSchema, K extends string>({
  schema,
  fields,
  onSubmit,
}: UseFormOptions<S, K>) {
  const formId = useId();
  const summaryRef = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const [formError, setFormError] = useState<string>();
  /** The API's error code of the last refusal, for forms that offer a way on (email_taken). */
  const [errorCode, setErrorCode] = useState<string>();
  /** What was sent last, normalised by the schema. */
  const [submitted, setSubmitted] = useState<v.InferOutput<S>>();
  const [submitting, setSubmitting] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt > 0) summaryRef.current?.focus();
  }, [attempt]);

  const fieldId = (name: K) => `${formId}-${name}`;

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const data = new FormData(event.currentTarget);
    const values = Object.fromEntries(
      fields.map((name) => [name, String(data.get(name) ?? "")]),
    ) as Record<K, string>;

    setFormError(undefined);
    setErrorCode(undefined);
    const checked = validate(schema, values);
    if (!checked.success) {
      setErrors(checked.errors);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSubmitted(checked.output);
    setSubmitting(true);
    try {
      await onSubmit(checked.output);
    } catch (error) {
      const problem = problemFrom(error, fields);
      setErrors(problem.fields);
      setFormError(problem.form);
      setErrorCode(problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  /** Clears a field's error as soon as the person edits it. */
  const handleInput = (event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name as K;
    if (errors[name]) setErrors(({ [name]: _, ...rest }) => rest as FieldErrors<K>);
  };

  /** The props a field of this form needs: its id (the summary links to it), name and error. */
  const field = (name: K) => ({ id: fieldId(name), name, error: errors[name] });

  const items = fields.flatMap((name) => {
    const message = errors[name];
    return message ? [{ fieldId: fieldId(name), message }] : [];
  });
  /**
   * Props for the form's `ErrorSummary`, or null when there is nothing to say. Render it
   * with `key={attempt}`: inserted anew on each failed attempt, it is announced again.
   */
  const summary: ErrorSummaryProps | null =
    formError || items.length > 0 ? { ref: summaryRef, message: formError, items } : null;

  return {
    attempt,
    errors,
    formError,
    errorCode,
    submitted,
    submitting,
    summary,
    field,
    handleSubmit,
    handleInput,
  };
}
