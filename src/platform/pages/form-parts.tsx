import type { ComponentChildren } from 'preact';

export interface ApiFormProps {
  /** The JSON endpoint the client script sends the fields to (same origin). */
  readonly api: string;
  readonly method?: 'POST' | 'PATCH' | 'DELETE';
  /** Where to go on success: a path on this origin (`{id}` is replaced by the answer's `id`), or `reload`. */
  readonly next?: string;
  /** A named client behaviour that handles the response instead (see client/api-forms.ts). */
  readonly action?: string;
  readonly successMessage?: string;
  /** Asked with `confirm()` before a destructive request. */
  readonly confirm?: string;
  /** Clear the fields after success. */
  readonly reset?: boolean;
  readonly class?: string;
  readonly id?: string;
  readonly labelledBy?: string;
  /** Id of an element to show after success (its `tabindex=-1` heading gets focus). */
  readonly reveal?: string;
  /** Id of an element to hide after success. */
  readonly conceal?: string;
  readonly children: ComponentChildren;
}

/**
 * A real `<form>` the page kit's client script submits as JSON with `fetch`. `method="post"` with no action
 * keeps fields out of the URL even if the script never runs. The API's error message appears in
 * the live region at the end of the form.
 */
export function ApiForm(props: ApiFormProps) {
  return (
    <form
      method="post"
      id={props.id}
      class={props.class ?? 'stack'}
      aria-labelledby={props.labelledBy}
      data-api={props.api}
      data-method={props.method}
      data-next={props.next}
      data-action={props.action}
      data-success-message={props.successMessage}
      data-confirm={props.confirm}
      data-reset={props.reset ? '' : undefined}
      data-reveal={props.reveal}
      data-conceal={props.conceal}
    >
      {props.children}
      <FormMessage />
    </form>
  );
}

/** The live region a form's outcome is announced in. */
export function FormMessage() {
  return <p class="form-message" data-form-message role="status" aria-live="polite" />;
}

export interface FieldProps {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'password' | 'hidden' | 'date' | 'tel' | 'search';
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly inputMode?: 'numeric' | 'text' | 'email';
  readonly pattern?: string;
  readonly hint?: string;
  /** Leave the field out of the JSON body when it is empty. */
  readonly optional?: boolean;
  readonly value?: string;
}

/** A labelled input with an optional hint tied to it by `aria-describedby`. */
export function Field(props: FieldProps) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      <input
        id={props.id}
        name={props.name}
        // preact's types split <input> by type; every type used here takes the same attributes.
        type={(props.type ?? 'text') as 'text'}
        autocomplete={props.autocomplete}
        required={props.required}
        minLength={props.minLength}
        maxLength={props.maxLength}
        inputMode={props.inputMode}
        pattern={props.pattern}
        value={props.value}
        aria-describedby={hintId}
        data-optional={props.optional ? '' : undefined}
      />
    </div>
  );
}

export function HiddenField({ name, value }: { name: string; value: string }) {
  return <input type="hidden" name={name} value={value} />;
}

export function SubmitButton({ children, variant }: { children: ComponentChildren; variant?: 'secondary' | 'danger' }) {
  return (
    <button type="submit" class={variant ? `button button-${variant}` : 'button'}>
      {children}
    </button>
  );
}

export interface SelectFieldProps {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly options: ReadonlyArray<{ readonly value: string; readonly label: string }>;
  readonly required?: boolean;
  readonly value?: string;
  readonly optional?: boolean;
}

/** A labelled `<select>`. */
export function SelectField(props: SelectFieldProps) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} required={props.required} data-optional={props.optional ? '' : undefined}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled multi-line text field. */
export function TextAreaField({ id, name, label, maxLength, required }: { id: string; name: string; label: string; maxLength?: number; required?: boolean }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} name={name} maxLength={maxLength} required={required} rows={4} />
    </div>
  );
}
