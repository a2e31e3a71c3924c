// The trust pages' client script, bundled by the page kit at start (see trust-part.tsx). The pages
// are plain server-rendered documents with nothing to enhance: this entry exists because every
// page of the kit loads exactly one script.
export {};
