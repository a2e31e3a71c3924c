import { answerLabel, CAIQ_DOMAINS, type Faq } from '../../documents/trust-documents.js';
import { TrustLayout, type TrustPageContext } from './trust-chrome.js';

/** `/security/faq`: the pre-filled questionnaire, grouped by CAIQ domain. */
export function FaqPage({ context, faq }: { context: TrustPageContext; faq: Faq }) {
  const domains = [...new Set(faq.questions.map((question) => question.domain))].sort();
  return (
    <TrustLayout context={context} path="/security/faq" title="Security questionnaire">
      <h1>Security questionnaire</h1>
      <p class="lead">
        {faq.framework}. {faq.note}
      </p>
      <p class="downloads">
        <a href="/security/faq.csv">Download CSV</a>
        <a href="/security/faq.json">Download JSON</a>
      </p>
      {domains.map((domain) => (
        <section key={domain} aria-labelledby={`domain-${domain}`}>
          <h2 id={`domain-${domain}`}>
            {domain}: {CAIQ_DOMAINS[domain]}
          </h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Question</th>
                <th scope="col">Answer</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {faq.questions
                .filter((question) => question.domain === domain)
                .map((question) => (
                  <tr key={question.id} id={question.id}>
                    <td>{question.id}</td>
                    <td>{question.question}</td>
                    <td class={question.answer === 'Yes' ? 'answer-yes' : question.answer === 'No' ? 'answer-no' : undefined}>{answerLabel(question)}</td>
                    <td>
                      {question.notes} <a href={question.control}>Evidence</a>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </TrustLayout>
  );
}
