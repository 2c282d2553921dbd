import type { JourneyDefinition, JourneyStep, ParticipantStatus } from '../../shared/journeys.js';

/** A participant as the engine moves it in memory, between its claim and the one statement that writes it back. */
export interface Mover {
  id: string;
  journeyId: string;
  version: number;
  accountId: string;
  contactId: string | null;
  stepId: string | null;
  stepStartedAt: Date;
  passed: string[];
  status: ParticipantStatus;
  nextAt: Date | null;
  polls: boolean;
  leftAt: Date | null;
  leftReason: string | null;
}

/** What a step decided for one participant. */
export type Outcome =
  /** Go on to `next` (null: the journey is over, completed). */
  | { kind: 'advance'; next: string | null }
  /** Stay at this step until `until` (null with `polls`: looked at on every run). */
  | { kind: 'hold'; until: Date | null; polls: boolean }
  /** Leave now (an exit step). */
  | { kind: 'leave'; reason: string };

/** One step run for a group of participants at it: every outcome, by participant id. */
export type StepRunner<K extends JourneyStep['kind'] = JourneyStep['kind']> = (
  step: Extract<JourneyStep, { kind: K }>,
  movers: Mover[],
  context: { definition: JourneyDefinition; now: Date },
) => Promise<Map<string, Outcome>>;
