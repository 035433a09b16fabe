export const conflict = 2;
