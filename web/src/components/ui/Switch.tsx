import * as RadixSwitch from '@radix-ui/react-switch';

interface SwitchProps {
  checked: boolean;
  onCheckedChange: (v: boolean) => void;
  id?: string;
  disabled?: boolean;
  'aria-label'?: string;
  'aria-describedby'?: string;
}

export function Switch({ checked, onCheckedChange, ...rest }: SwitchProps) {
  return (
    <RadixSwitch.Root className="switch" checked={checked} onCheckedChange={onCheckedChange} {...rest}>
      <RadixSwitch.Thumb className="switch-thumb" />
    </RadixSwitch.Root>
  );
}
