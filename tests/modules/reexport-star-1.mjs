export const fromStar = 'from star 1';
export const conflict = 1;
export default 'star default is never re-exported';
