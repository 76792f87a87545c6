// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';

// The API serves this site under /docs, so every built link starts with it.
const base = '/docs';
const conditions = ['@capture-doctor/source'];

export default defineConfig({
  base,
  outDir: './dist',
  trailingSlash: 'ignore',
  // Workspace packages are read from their TypeScript sources, like the tests do, so the site
  // builds even before the packages it reads have been compiled.
  vite: {
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
  },
  integrations: [
    starlight({
      title: 'capture-doctor',
      description:
        'Why a team member’s meetings, calendar or emails are not captured from Google Workspace or Microsoft 365, and how to fix it.',
      customCss: ['./src/styles/site.css'],
      pagefind: true,
      lastUpdated: false,
      // Starlight puts the base in front of these links itself.
      sidebar: [
        {
          label: 'Start here',
          items: [
            { slug: 'guides/getting-started' },
            { label: 'Why isn’t this member recorded?', link: '/troubleshoot/not-recorded/' },
          ],
        },
        {
          label: 'Find a rule',
          items: [
            { label: 'By icon and colour', link: '/find/by-icon/' },
            { label: 'By provider', link: '/find/by-provider/' },
            { label: 'By who fixes it', link: '/find/by-fixer/' },
            { label: 'All capture rules', link: '/rules/' },
          ],
        },
        {
          label: 'Guides',
          items: [
            { slug: 'guides/connect-google-workspace' },
            { slug: 'guides/connect-microsoft-365' },
            { slug: 'guides/writing-a-rule' },
            { slug: 'guides/deployment' },
            { slug: 'guides/alerts' },
          ],
        },
        {
          label: 'Upcoming meetings',
          items: [{ label: 'Why won’t this meeting be recorded?', link: '/meetings/' }],
        },
        {
          label: 'Recording consent',
          items: [
            { slug: 'guides/compliance-officers' },
            { label: 'Consent rules', link: '/consent/' },
            { label: 'Jurisdictions', link: '/consent/jurisdictions/' },
            { slug: 'guides/bot-integration' },
          ],
        },
        {
          label: 'Reference',
          items: [
            { label: 'HTTP API', link: '/reference/api/' },
            { label: 'State diagrams', link: '/reference/state-diagrams/' },
          ],
        },
      ],
    }),
  ],
});
