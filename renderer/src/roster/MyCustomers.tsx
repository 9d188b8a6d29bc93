import { Placeholder } from '../ui/Placeholder';

/** The customers assigned to me (issue 4: owned by the Today work). */
export function MyCustomers() {
  return <Placeholder screen="customers" />;
}
