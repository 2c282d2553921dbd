import { defineModule } from '../module.js';

/** NPS responses (imported); no routes or jobs of its own. */
export const surveysModule = defineModule({ name: 'surveys' });
