/** A URL's password never reaches the output: the core's masking, which the library's reports use too. */
export { redactUrl } from '../core/shown-options.js';
