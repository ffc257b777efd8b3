export * from './family'
