import type { Area, OutputOf, ParsedArgsOf, VerbOf } from '../../../shared/api/contract';
import type { CallContext } from './context';

export type { CallContext, CoreContext } from './context';

/** The core's implementation of one contract area: one function per verb, arguments already parsed. */
export type HandlerArea<A extends Area> = {
  [V in VerbOf<A>]: (args: ParsedArgsOf<A, V>, call: CallContext) => Promise<OutputOf<A, V>> | OutputOf<A, V>;
};

export type Handlers = { [A in Area]: HandlerArea<A> };
