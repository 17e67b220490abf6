/**
 * Thrown for a mistake of the scenario's: a malformed definition (it says which field and what
 * was expected), or a misuse of what lockdemo gives its code (releasing a lock nobody holds). Who
 * catches it knows the fault is the scenario's, wherever it is thrown from (exit 3).
 */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}
