import type { SubProcessorList } from '../../documents/trust-documents.js';
import { TrustLayout, type TrustPageContext } from './trust-chrome.js';

const DPA_LABELS = { signed: 'Signed', operator: "Operator's own agreement", 'not-applicable': 'Not applicable' } as const;

export function SubProcessorsPage({ context, list }: { context: TrustPageContext; list: SubProcessorList }) {
  return (
    <TrustLayout context={context} path="/security/sub-processors" title="Sub-processors">
      <h1>Sub-processors</h1>
      <p class="lead">{list.note}</p>
      <p class="downloads">
        <a href="/security/sub-processors.csv">Download CSV</a>
        <a href="/security/sub-processors.json">Download JSON</a>
      </p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Purpose</th>
            <th scope="col">Data</th>
            <th scope="col">Region</th>
            <th scope="col">DPA</th>
          </tr>
        </thead>
        <tbody>
          {list.subProcessors.map((entry) => (
            <tr key={entry.name}>
              <th scope="row">{entry.name}</th>
              <td>{entry.purpose}</td>
              <td>{entry.dataCategories.join(', ')}</td>
              <td>{entry.region}</td>
              <td>{DPA_LABELS[entry.dpaStatus]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TrustLayout>
  );
}
