/**
 * apps/sandbox has express 5 but not @types/express, so this file loads express with `require`
 * and types the small part of it the Telegram emulator uses (no ambient declarations).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface Request extends IncomingMessage {
  body: unknown
  query: Record<string, unknown>
  params: Record<string, string>
  /** path relative to the mount point */
  path: string
  baseUrl: string
  get(header: string): string | undefined
  is(type: string | string[]): string | false | null
}

export interface Response extends ServerResponse {
  status(code: number): Response
  json(body: unknown): Response
  send(body?: unknown): Response
  type(type: string): Response
}

export type NextFunction = (error?: unknown) => void
export type RequestHandler = (req: Request, res: Response, next: NextFunction) => unknown
export type ErrorRequestHandler = (error: unknown, req: Request, res: Response, next: NextFunction) => unknown

export interface Router {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void
  use(...handlers: RequestHandler[]): Router
  use(path: string, ...handlers: RequestHandler[]): Router
  use(handler: ErrorRequestHandler): Router
  get(path: string, ...handlers: RequestHandler[]): Router
  post(path: string, ...handlers: RequestHandler[]): Router
  put(path: string, ...handlers: RequestHandler[]): Router
  delete(path: string, ...handlers: RequestHandler[]): Router
}

export interface Express extends Router {
  disable(setting: string): Express
  set(setting: string, value: unknown): Express
}

interface ExpressModule {
  (): Express
  Router(): Router
  json(options?: { limit?: string | number; type?: string | string[] }): RequestHandler
  urlencoded(options?: { limit?: string | number; extended?: boolean }): RequestHandler
}

export const express = require('express') as ExpressModule
