import { useId, useMemo, useRef, useState } from 'react';
import { filterTimeZones, timeZones } from '../lib/timezones';

interface Props {
  id: string;
  value: string;
  onChange: (tz: string) => void;
  onBlur?: () => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
}

/**
 * A searchable time zone picker following the WAI-ARIA combobox pattern (list autocomplete):
 * typing filters, arrow keys move through the options, Enter picks, Escape closes.
 */
export function TimezoneCombobox({ id, value, onChange, onBlur, disabled, invalid, describedBy }: Props) {
  const all = useMemo(timeZones, []);
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [query, setQuery] = useState<string | null>(null); // null: showing the value, not searching
  const listRef = useRef<HTMLUListElement>(null);
  const options = useMemo(() => filterTimeZones(all, query ?? ''), [all, query]);
  const activeId = open && options[active] ? `${listId}-${active}` : undefined;

  const pick = (tz: string) => {
    onChange(tz);
    setQuery(null);
    setOpen(false);
  };
  const move = (delta: number) => {
    if (!open) setOpen(true);
    setActive((i) => {
      const n = Math.max(0, Math.min(options.length - 1, i + delta));
      listRef.current?.children[n]?.scrollIntoView({ block: 'nearest' });
      return n;
    });
  };

  return (
    <div className="combobox">
      <input
        id={id}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={query ?? value}
        placeholder="Search time zones, e.g. Kyiv"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
          onChange(e.target.value);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setQuery(null);
          onBlur?.();
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            move(1);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            move(-1);
          } else if (e.key === 'Enter' && open && options[active]) {
            e.preventDefault();
            pick(options[active]);
          } else if (e.key === 'Escape') {
            setOpen(false);
            setQuery(null);
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label="Time zones" ref={listRef} className="combobox-list" hidden={!open || options.length === 0}>
        {options.map((tz, i) => (
          <li
            key={tz}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={tz === value}
            className={`combobox-option ${i === active ? 'is-active' : ''}`}
            // mousedown, not click: runs before the input's blur closes the list
            onMouseDown={(e) => {
              e.preventDefault();
              pick(tz);
            }}
          >
            {tz.replace(/_/g, ' ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
