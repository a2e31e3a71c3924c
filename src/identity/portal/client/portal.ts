// The portal's one client script, bundled by the server at start (see the page kit, platform/pages/assets).
// Pages work as plain server-rendered HTML; this script sends their forms to the JSON API.
import { enhanceApiForms, navigateTo, type FormAction } from '../../../platform/pages/client/index.js';
import { enhanceTokenCreateForms } from './api-tokens.js';
import { enhancePasskeyForms } from './passkeys.js';
import { showRecoveryCodes, showTotpEnrollment } from './totp-setup.js';

const ACTIONS: Readonly<Record<string, FormAction>> = {
  'totp-enrolled': showTotpEnrollment,
  'show-recovery-codes': showRecoveryCodes,
};

function enhance(root: ParentNode): void {
  enhanceApiForms(root, ACTIONS);
  enhancePasskeyForms(root);
  enhanceTokenCreateForms(root);
  // "I have saved my recovery codes": the browser checks the box is ticked, then we go on.
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-continue]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      navigateTo(form.dataset.next ?? '/');
    });
  }
}

enhance(document);
