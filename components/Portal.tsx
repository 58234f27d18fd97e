import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef } from 'preact/hooks';
import { createShadowHost } from '@/lib/ui/shadow';

/**
 * Renders its children in a shadow host at the end of <body>: menus and popovers must escape the
 * console's toolbars, which clip overflow and sit in their own stacking contexts.
 */
export function Portal({ children, marker }: { children: ComponentChildren; marker: string }) {
  const ui = useRef<ReturnType<typeof createShadowHost> | null>(null);
  useLayoutEffect(() => {
    const host = createShadowHost('div', marker);
    document.body.append(host.host);
    ui.current = host;
    return () => host.unmount();
  }, [marker]);
  useLayoutEffect(() => {
    ui.current?.mount(<>{children}</>);
  });
  return null;
}

