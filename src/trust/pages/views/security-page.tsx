import type { StatusOfWork } from '../../documents/trust-documents.js';
import { TrustLayout, type TrustPageContext } from './trust-chrome.js';

/** `/security`: the trust page's landing, with an honest list of what is and is not done yet. */
export function SecurityPage({ context, statusOfWork, contacts }: { context: TrustPageContext; statusOfWork: StatusOfWork; contacts: readonly string[] }) {
  return (
    <TrustLayout context={context} path="/security" title="Security">
      <h1>Security</h1>
      <p class="lead">How this bsns deployment protects your data, what is not built yet, and how to reach us.</p>
      <ul>
        <li>
          <a href="/security/sub-processors">Sub-processors</a>: who else handles data for this deployment.
        </li>
        <li>
          <a href="/security/faq">Security questionnaire</a> (CAIQ v4), also as CSV and JSON.
        </li>
        <li>
          <a href="/status">Status</a>: components, incidents and their updates.
        </li>
        <li>
          <a href="/.well-known/security.txt">security.txt</a> (RFC 9116).
        </li>
      </ul>
      <section aria-labelledby="done">
        <h2 id="done">In place today</h2>
        <ul>
          {statusOfWork.done.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="not-yet">
        <h2 id="not-yet">What we don't have yet</h2>
        <ul>
          {statusOfWork.notYet.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="contact">
        <h2 id="contact">Contact</h2>
        <p>Report a vulnerability to:</p>
        <ul>
          {contacts.map((contact) => (
            <li key={contact}>
              <a href={contact}>{contact.replace(/^mailto:/, '')}</a>
            </li>
          ))}
        </ul>
      </section>
    </TrustLayout>
  );
}
