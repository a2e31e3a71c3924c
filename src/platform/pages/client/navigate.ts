/**
 * Goes to a `data-next` target: `reload`, or a path on this origin. Anything else goes home,
 * so even tampered markup cannot make a page send someone to another site.
 */
export function navigateTo(next: string): void {
  if (next === 'reload') {
    window.location.reload();
    return;
  }
  const safe = next.startsWith('/') && !next.startsWith('//') && !/[\\\s]/.test(next) ? next : '/';
  window.location.assign(safe);
}
