console.log('order-shared (once)');
