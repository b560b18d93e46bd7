import * as RadixSelect from '@radix-ui/react-select';

export interface Option<V extends string> {
  value: V;
  label: string;
  disabled?: boolean;
}

interface SelectProps<V extends string> {
  value: V | undefined;
  onValueChange: (v: V) => void;
  options: readonly Option<V>[];
  id?: string;
  /** Accessible name when there is no <label for>. */
  'aria-label'?: string;
  'aria-describedby'?: string;
  disabled?: boolean;
  placeholder?: string;
  size?: 'sm' | 'md';
}

/** An accessible select (Radix): keyboard navigation, typeahead, aria-expanded/controls. */
export function Select<V extends string>({
  value,
  onValueChange,
  options,
  id,
  disabled,
  placeholder,
  size = 'md',
  ...aria
}: SelectProps<V>) {
  return (
    <RadixSelect.Root value={value} onValueChange={(v) => onValueChange(v as V)} disabled={disabled}>
      <RadixSelect.Trigger
        id={id}
        className={`select-trigger select-${size}`}
        aria-label={aria['aria-label']}
        aria-describedby={aria['aria-describedby']}
      >
        <RadixSelect.Value placeholder={placeholder} />
        <RadixSelect.Icon className="select-icon" aria-hidden="true">
          ▾
        </RadixSelect.Icon>
      </RadixSelect.Trigger>
      <RadixSelect.Portal>
        <RadixSelect.Content className="select-content" position="popper" sideOffset={4}>
          <RadixSelect.Viewport>
            {options.map((o) => (
              <RadixSelect.Item key={o.value} value={o.value} disabled={o.disabled} className="select-item">
                <RadixSelect.ItemText>{o.label}</RadixSelect.ItemText>
                <RadixSelect.ItemIndicator className="select-check" aria-hidden="true">
                  ✓
                </RadixSelect.ItemIndicator>
              </RadixSelect.Item>
            ))}
          </RadixSelect.Viewport>
        </RadixSelect.Content>
      </RadixSelect.Portal>
    </RadixSelect.Root>
  );
}
