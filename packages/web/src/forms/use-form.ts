import { type FormEvent, useEffect, useRef, useState } from "react";
import type * as v from "valibot";
import { type FieldErrors, problemFrom, validate } from "./problems";

export interface UseFormOptions<S extends v.GenericSchema, K extends string> {
  schema: S;
  /** The input names the form reads (from FormData) and shows errors for. */
  fields: readonly K[];
  onSubmit(output: v.InferOutput<S>): Promise<void>;
}

/**
 * The submit cycle every form shares: read the inputs, validate with the API's own
 * schema, send, and map a refusal onto the fields. After a failed attempt focus goes to
 * the first invalid field, whose error text it is described by.
 */
export function useForm<S extends v.GenericSchema, K extends string>({
  schema,
  fields,
  onSubmit,
}: UseFormOptions<S, K>) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const data = new FormData(event.currentTarget);
    const values = Object.fromEntries(
      fields.map((name) => [name, String(data.get(name) ?? "")]),
    ) as Record<K, string>;

    setFormError(undefined);
    const checked = validate(schema, values);
    if (!checked.success) {
      setErrors(checked.errors);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await onSubmit(checked.output);
    } catch (error) {
      const problem = problemFrom(error, fields);
      setErrors(problem.fields);
      setFormError(problem.form);
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

  return { formRef, errors, formError, submitting, handleSubmit, handleInput };
}
