/**
 * The schedules' strategies, one per file under schedules/, behind the one interface in
 * schedules/strategy.ts. Re-exported here for the modules that import them by this name.
 */
export type { Picker } from './schedules/strategy.js';
export { RandomPicker } from './schedules/random.js';
export { PctPicker } from './schedules/pct.js';
export { Explorer } from './schedules/exhaustive.js';
export { ReplayError, ReplayPicker, formatSchedule, parseSchedule } from './schedules/replay.js';
export { AsyncioPicker, LOOP_TICK_MS } from './schedules/asyncio.js';
