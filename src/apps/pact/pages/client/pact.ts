// The pact app's client script, bundled by the page kit at start (see pact-part.tsx).
import { enhanceApiForms } from '../../../../platform/pages/client/index.js';
import { enhanceFieldEditor } from './field-editor.js';
import { enhanceSenderForms } from './sender-forms.js';
import { enhanceSigningPage } from './signing-page.js';
import { enhanceVerifyForm } from './verify-form.js';

enhanceApiForms(document, {});
enhanceSenderForms(document);
enhanceFieldEditor(document);
enhanceSigningPage(document);
enhanceVerifyForm(document);
