/**
 * createAppTester bound to this app, for the repository's tests: they live outside connector/ and so cannot
 * resolve zapier-platform-core themselves. Not part of the app (index.ts never imports it).
 * Zapier's output checks run only when NODE_ENV=test is set before zapier-platform-core loads.
 */
import { createAppTester } from 'zapier-platform-core';
import app from './index.js';

export { app };
export const appTester = createAppTester(app);
