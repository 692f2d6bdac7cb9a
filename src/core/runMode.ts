/** How VS Code runs the extension: installed, from its sources (F5, `npm start`), or under its tests. */
export type RunMode = 'production' | 'development' | 'test';
