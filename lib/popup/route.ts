/**
 * Where the popup is, kept in the URL hash so that "open in a tab", a reload and the tests can land on
 * any view: `#tenant=<origin>&id=<n>`, `#compare=<left>,<right>`, or nothing (the tenants).
 */
export type Route =
  | { view: 'tenants' }
  | { view: 'tenant'; origin: string; id: number | null }
  | { view: 'compare'; left: number; right: number; origin: string | null };

const positive = (s: string | null) => (s && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : null);

export function parseRoute(hash: string): Route | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const compare = params.get('compare')?.split(',');
  if (compare?.length === 2) {
    const [left, right] = compare.map(positive);
    if (left && right) return { view: 'compare', left, right, origin: params.get('tenant') };
  }
  const origin = params.get('tenant');
  if (origin && /^https?:\/\/[^/]+$/.test(origin)) return { view: 'tenant', origin, id: positive(params.get('id')) };
  if (params.has('tenants')) return { view: 'tenants' };
  return null;
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.view === 'tenants') params.set('tenants', '');
  if (route.view === 'tenant') {
    params.set('tenant', route.origin);
    if (route.id) params.set('id', String(route.id));
  }
  if (route.view === 'compare') {
    params.set('compare', `${route.left},${route.right}`);
    if (route.origin) params.set('tenant', route.origin);
  }
  return `#${params.toString().replace(/%2C/g, ',').replace(/=$/, '')}`;
}
