-- The installation's PAdES signing certificate for completed pact documents, generated once on
-- first use when no PKCS#12 is configured (BSNS_PACT_SIGNING_P12). The PKCS#12 and its
-- passphrase are stored only sealed by the master keyring; the certificate is public.
CREATE TABLE pact_signing_identity (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  common_name text NOT NULL CHECK (char_length(common_name) BETWEEN 1 AND 200),
  certificate_pem text NOT NULL,
  p12_sealed text NOT NULL,
  passphrase_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
