import sameData from './data.json' with { type: 'json' };
export { sameData };
