// The emulator's single import point for express and its types.
import express from 'express'

export { express }
export type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response, Router } from 'express'
