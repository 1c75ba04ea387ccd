import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DASHBOARD_ASSETS, type DashboardAsset } from './dashboard-assets';

/**
 * Same origin only: no inline script or style, no framing, no form submissions (a key typed
 * into the page must never travel in a URL), no plugins, no <base> rewriting.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sends an asset; express answers 304 itself when If-None-Match holds the ETag. */
function send(res: Response, asset: DashboardAsset): void {
  res
    .status(200)
    .set({
      'Content-Type': asset.contentType,
      'Content-Security-Policy': DASHBOARD_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      // Revalidated on every load, so a new build is picked up at once.
      'Cache-Control': 'no-cache',
      ETag: asset.etag,
    })
    .send(asset.body);
}

/**
 * `GET /dashboard`: the operator dashboard, one page and its assets. Public, as it holds no
 * data: the page asks the REST API for everything, with the key the person types in.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  page(@Res() res: Response): void {
    send(res, DASHBOARD_ASSETS.page);
  }

  @Get('dashboard.js')
  script(@Res() res: Response): void {
    send(res, DASHBOARD_ASSETS.script);
  }

  @Get('dashboard.css')
  style(@Res() res: Response): void {
    send(res, DASHBOARD_ASSETS.style);
  }

  @Get('favicon.svg')
  icon(@Res() res: Response): void {
    send(res, DASHBOARD_ASSETS.icon);
  }
}
