import type { User } from "@sharespace/core/schema";
import { Link, useNavigate } from "@tanstack/react-router";
import { useEffect, useId, useRef, useState } from "react";
import { useAuth } from "../lib/use-auth";
import { Avatar } from "./avatar";
import { Icon } from "./icon";
import styles from "./profile-menu.module.css";

/**
 * The account button and its menu, as a disclosure (a button that shows a list of links):
 * Escape, a click outside or focus leaving it (to the page, or out of the window) closes
 * it; after Escape focus returns to the button.
 */
export function ProfileMenu({ user }: { user: User }) {
  const { auth } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!open || !wrap) return;
    // `relatedTarget` is where focus went: null when it left for nothing focusable.
    const onFocusOut = (event: FocusEvent) => {
      if (!wrap.contains(event.relatedTarget as Node | null)) setOpen(false);
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!wrap.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    wrap.addEventListener("focusout", onFocusOut);
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      wrap.removeEventListener("focusout", onFocusOut);
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  const signOut = async () => {
    setOpen(false);
    // Leave the protected page first, so the guards don't bounce this deliberate
    // sign-out to the sign-in page.
    await navigate({ to: "/" });
    await auth.signOut();
  };

  return (
    <div className={styles.wrap} ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className={styles.trigger}
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((isOpen) => !isOpen)}
      >
        <Avatar name={user.name} size="sm" />
        {/* Named by its content, so the name it shows is in the name it is called by. */}
        <span className="visually-hidden">Account menu for </span>
        <span className={styles.name}>{user.name}</span>
        <Icon className={styles.chevron}>
          <path d="m6 8 4 4 4-4" />
        </Icon>
      </button>
      {open && (
        <div id={menuId} className={styles.menu}>
          <div className={styles.who}>
            <Avatar name={user.name} />
            <div className={styles.whoText}>
              <span className={styles.whoName}>{user.name}</span>
              <span className={styles.whoEmail}>{user.email}</span>
            </div>
          </div>
          <ul className={styles.list}>
            <li>
              <Link to="/profile" className={styles.item} onClick={() => setOpen(false)}>
                <Icon>
                  <circle cx="10" cy="7" r="3.25" />
                  <path d="M3.75 16.5c.9-3 3.3-4.5 6.25-4.5s5.35 1.5 6.25 4.5" />
                </Icon>
                Profile
              </Link>
            </li>
            <li>
              <button type="button" className={styles.item} onClick={signOut}>
                <Icon>
                  <path d="M8 4H5.5A1.5 1.5 0 0 0 4 5.5v9A1.5 1.5 0 0 0 5.5 16H8M12.5 13.5 16 10l-3.5-3.5M16 10H8" />
                </Icon>
                Sign out
              </button>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
