import { type Question } from './api-population';
import { type Service } from './api-service';

export const insurers = ['123455', '06050116', '39130018'];
export const clerkKey = 'bench-clerk-key-0123456789';
export const medicalKey = 'bench-medical-institution-key-0001';
export const apiKeys = [
  { key: clerkKey, role: 'insurer-clerk', insurers },
  { key: medicalKey, role: 'medical-institution' },
];

/** What every API figure is measured with: the service on its population, and the ceiling measured just before. */
export interface ApiBenchContext {
  readonly api: Service;
  /** A bare Fastify route answering a fixed JSON, 64 connections, measured just before the figure. */
  readonly ceiling: { readonly perSecond: number; readonly p99Ms: number };
  readonly seconds: number;
  readonly scale: number;
  /** Generated persons in the store before the first figure. */
  readonly persons: number;
  readonly questions: readonly Question[];
}
