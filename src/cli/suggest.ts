/** The "did you mean" of the CLI's unknown names: the core's, which the library's refusals use too. */
export { closest } from '../core/closest-name.js';
