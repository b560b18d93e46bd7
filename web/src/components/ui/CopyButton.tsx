import { useState } from 'react';
import { Button } from './Button';

/** Copies `value` to the clipboard; falls back to selecting the text when the Clipboard API is refused. */
export function CopyButton({ value, label = 'Copy', targetId }: { value: string; label?: string; targetId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      const el = targetId ? (document.getElementById(targetId) as HTMLInputElement | null) : null;
      el?.select();
      setState('failed');
    }
  };
  return (
    <>
      <Button size="sm" onClick={copy}>
        {state === 'copied' ? 'Copied' : label}
      </Button>
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Copy failed: the text is selected, press Ctrl+C' : ''}
      </span>
    </>
  );
}
