/**
 * The one instance of the Unicode bidi algorithm (bidi-js) the PDF code shares, and the test for
 * Arabic script: the fonts need both to pick characters and faces, the layout to order runs.
 */
import bidiModule from 'bidi-js';

// bidi-js is CommonJS and its module.exports is the factory itself; its types claim an ES default
// export, which under NodeNext resolution would be `.default`. The import is the function.
export const bidi = (bidiModule as unknown as typeof bidiModule.default)();

/** Letters (and digits, signs) that Noto Sans Arabic draws rather than Noto Sans. */
export const ARABIC_SCRIPT = /\p{Script_Extensions=Arabic}/u;
