/** Imported first by connector tests: Zapier's core reads NODE_ENV once, when it loads, to turn on its output checks. */
process.env.NODE_ENV = 'test';
