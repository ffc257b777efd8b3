import { render } from 'preact'
import { App } from './app'
import { followTheme, webApp } from './telegram'
import './app.css'

const app = webApp()
if (app) {
  followTheme(app)
  app.ready()
  app.expand()
}
render(<App webApp={app} />, document.getElementById('app')!)
