// `npm install`'s postinstall step. npm on a Node older than 22 warns "EBADENGINE … better-sqlite3 … required:
// { node: '>=22' }": expected, because the relay, its CLI and the tests never run on that Node but on the
// project's own (the `node` package, node_modules/.bin/node, first on the PATH of every npm script). Said at the end
// of the install's output, so nobody has to guess. Plain JavaScript: it may run on the machine's older Node.
const npmNode = /\bnode\/v(\d+)\.\S*/.exec(process.env.npm_config_user_agent ?? '');
const projectNode = Number(process.versions.node.split('.')[0]);
if (npmNode && Number(npmNode[1]) < 22 && projectNode >= 22) {
  console.log(
    `Note: npm runs on Node ${npmNode[0].slice(5)} here, so it warned EBADENGINE for better-sqlite3 (it wants Node 22). ` +
      `That is expected: npm start, npm run relay and npm test run on the project's own Node ${process.version} (node_modules/.bin/node).`,
  );
}
if (projectNode < 22) {
  console.log(`Note: the project's own Node 22 is not installed (--omit=dev leaves it out), and this Node is ${process.version}: the relay needs Node 22.18 or newer (docs/deploy.md).`);
}
