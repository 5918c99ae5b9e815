/**
 * The API key field's help: where the key is found, linking to the published guide (package.json "homepage",
 * which the publisher sets to where the repository's README is published) when there is one.
 */
export function apiKeyHelpText(homepage: string | undefined): string {
  const text = "The relay's API key (starts with `rk_`): printed when the relay first started, and again by `npm run relay -- keys` on the relay's machine.";
  if (!homepage || !/^https:\/\//.test(homepage)) return text;
  return `${text} [Where to find it](${homepage.replace(/#.*$/, '')}#use-it-in-zapier).`;
}
