import './order-shared.mjs';
console.log('order-2');
