import { ApiForm, FormMessage, HiddenField, Layout, SubmitButton, type PageChrome } from '../../../../platform/pages/index.js';

/**
 * Where an emailed link lands. Opening spends the link, so it takes a press of the button (a
 * POST): a mail scanner that fetches the link spends nothing. The token stays in the page only.
 */
export function SignLandingPage({ chrome, base, token }: { chrome: PageChrome; base: string; token: string | null }) {
  return (
    <Layout chrome={chrome} title="Sign a document">
      <div class="narrow">
        <h1>Sign a document</h1>
        {token ? (
          <>
            <p>You were asked to sign a document. You do not need an account.</p>
            <ApiForm api="/api/v1/pact/signing/open" next={`${base}/sign/envelope`}>
              <HiddenField name="token" value={token} />
              <SubmitButton>Open the document</SubmitButton>
            </ApiForm>
            <details class="card">
              <summary>This link was already used or has expired?</summary>
              <ApiForm api="/api/v1/pact/signing/resend" successMessage="If the document is still open for you, a new link is on its way to your email.">
                <HiddenField name="token" value={token} />
                <SubmitButton variant="secondary">Email me a new link</SubmitButton>
              </ApiForm>
            </details>
          </>
        ) : (
          <p class="notice notice-warning">This page needs the link from your email. Open the latest email about the document and use its link.</p>
        )}
      </div>
    </Layout>
  );
}

/** The signing page: the client script loads the signer's view and renders the document with pdf.js. */
export function SigningPage({ chrome, workerPath }: { chrome: PageChrome; workerPath: string }) {
  return (
    <Layout chrome={chrome} title="Sign">
      <div data-pact-sign data-worker={workerPath}>
        <p class="hint" data-role="status">
          Loading the document…
        </p>
        <form method="post" class="stack card narrow" data-role="code" hidden aria-labelledby="code-title">
          <h1 id="code-title">Enter your code</h1>
          <p>We emailed you a six-digit code. Enter it to open the document.</p>
          <div class="field">
            <label for="code">Code</label>
            <input id="code" name="code" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required />
          </div>
          <FormMessage />
          <button class="button" type="submit">
            Open
          </button>
          <button class="button-link" type="button" data-role="resend-code">
            Email me a new code
          </button>
        </form>
        <section data-role="document" hidden>
          <h1 data-role="title" />
          <p class="lead" data-role="message" />
          <p class="notice" data-role="turn" hidden>
            Another signer signs before you. You will get an email when it is your turn.
          </p>
          <div class="pact-pages" data-role="pages" />
          <form method="post" class="stack card" data-role="sign-form" aria-labelledby="sign-title">
            <h2 id="sign-title">Your signature</h2>
            <div class="field">
              <label for="signature-name">Type your full name</label>
              <input id="signature-name" name="signatureText" required maxLength={200} autocomplete="name" />
            </div>
            <div class="field">
              <span id="pad-label">Or draw your signature (optional)</span>
              <canvas class="pact-pad" data-role="pad" width={600} height={160} aria-labelledby="pad-label" />
              <button class="button-link" type="button" data-role="clear-pad">
                Clear drawing
              </button>
            </div>
            <p class="hint">By signing you agree that this electronic signature is as valid as one on paper.</p>
            <FormMessage />
            <button class="button" type="submit">
              Sign
            </button>
          </form>
          <form method="post" class="stack card" data-role="decline-form" aria-labelledby="decline-title">
            <h2 id="decline-title">Decline</h2>
            <div class="field">
              <label for="decline-reason">Why do you decline? (the sender is told)</label>
              <textarea id="decline-reason" name="reason" maxLength={500} required rows={2} />
            </div>
            <FormMessage />
            <button class="button button-danger" type="submit">
              Decline to sign
            </button>
          </form>
        </section>
        <section class="card" data-role="done" hidden tabIndex={-1}>
          <h1 data-role="done-title">Thank you</h1>
          <p data-role="done-text" />
        </section>
      </div>
    </Layout>
  );
}

/** Anyone can check a completed PDF here: no sign-in, nothing uploaded is kept. */
export function VerifyPage({ chrome }: { chrome: PageChrome }) {
  return (
    <Layout chrome={chrome} title="Verify a signed PDF">
      <div class="narrow">
        <h1>Verify a signed PDF</h1>
        <p>Choose a PDF completed with pact. We check that its SHA-256 is the one recorded in the sender's tamper-evident chain, and that its digital signature covers every byte. The file is checked and not kept.</p>
        <form method="post" class="stack card" data-pact-verify aria-label="Check a file">
          <div class="field">
            <label for="verify-file">Completed PDF</label>
            <input id="verify-file" name="file" type="file" accept="application/pdf,.pdf" required />
          </div>
          <FormMessage />
          <button class="button" type="submit">
            Verify
          </button>
        </form>
        <section class="card" data-role="verify-result" hidden tabIndex={-1} aria-live="polite" />
      </div>
    </Layout>
  );
}

export interface ChainPageProps {
  readonly chrome: PageChrome;
  readonly report: { entries: number; headSeq: number; headHash: string; broken: { seq: number; detail: string } | null };
  readonly checkpoint: { seq: number; head: string; signedAt: string; keyId: string } | null;
}

/** The tenant's chain recomputed now, its latest signed checkpoint, and how to keep one. */
export function ChainPage({ chrome, report, checkpoint }: ChainPageProps) {
  return (
    <Layout chrome={chrome} title="Chain">
      <h1>Your tenant's chain</h1>
      {report.broken ? (
        <p class="notice notice-error" data-testid="chain-state">
          Broken at entry {report.broken.seq}: {report.broken.detail}.
        </p>
      ) : (
        <p class="notice notice-success" data-testid="chain-state">
          All {report.entries} entries verify. Head #{report.headSeq} <span class="secret">{report.headHash}</span>
        </p>
      )}
      <section class="card stack" aria-labelledby="checkpoint">
        <h2 id="checkpoint">Latest signed checkpoint</h2>
        {checkpoint ? (
          <p>
            #{checkpoint.seq}, head <span class="secret">{checkpoint.head}</span>, signed {checkpoint.signedAt} with key {checkpoint.keyId}.
          </p>
        ) : (
          <p class="empty">None yet: one is published within the hour after the first event.</p>
        )}
        <ApiForm api="/api/v1/pact/chain/checkpoints" next="reload">
          <SubmitButton variant="secondary">Sign a checkpoint now</SubmitButton>
        </ApiForm>
        <p class="hint">
          Keep a copy outside the suite: <code>npx bsns pact checkpoint --tenant &lt;id&gt;</code> prints one, and <code>npx bsns pact verify --tenant &lt;id&gt; --checkpoint &lt;file&gt;</code> checks today's chain against it. A
          cut or rewritten history fails that check even when the chain verifies on its own.
        </p>
      </section>
    </Layout>
  );
}
