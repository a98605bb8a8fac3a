// The suggestions live in core so that every layer can offer them; graph code imports them from here.
export { closestMatch, editDistance } from '../core/did-you-mean.js';
