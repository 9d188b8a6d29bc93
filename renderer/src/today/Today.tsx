import { Placeholder } from '../ui/Placeholder';

/** The advisor's day (issue 4: owned by the Today work). */
export function Today() {
  return <Placeholder screen="today" />;
}
