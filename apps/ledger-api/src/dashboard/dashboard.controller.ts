import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Access } from '@ledger/access';
import { DashboardAssets } from './dashboard-assets';

/**
 * The dashboard (docs/dashboard.md): one static page and its assets, the same for everyone and
 * holding no data, so they need no identity. The page logs in (POST /session) and reads the
 * views with the session cookie; the views are what the access rules guard. The plan id in
 * the path is never put into the page: the unknown-plan message comes from the plan request.
 */
@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly assets: DashboardAssets) {}

  @Get()
  @Access({ roles: 'public', resource: 'none' })
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Dashboard: the plans the logged-in caller may see' })
  plans(@Req() req: Request, @Res() res: Response): void {
    this.assets.sendPage(req, res);
  }

  @Get('login')
  @Access({ roles: 'public', resource: 'none' })
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Dashboard log-in page (key or token → session cookie)' })
  login(@Req() req: Request, @Res() res: Response): void {
    this.assets.sendPage(req, res);
  }

  @Get('assets/:asset')
  @Access({ roles: 'public', resource: 'none' })
  @ApiParam({ name: 'asset', example: 'dashboard.js' })
  @ApiOperation({ summary: 'Dashboard script, stylesheet and icon (built by npm run build)' })
  asset(@Param('asset') asset: string, @Req() req: Request, @Res() res: Response): void {
    this.assets.sendAsset(req, res, asset);
  }

  @Get(':planId')
  @Access({ roles: 'public', resource: 'none' })
  @ApiProduces('text/html')
  @ApiParam({ name: 'planId', example: 'ganzhou-2024' })
  @ApiOperation({
    summary:
      'Dashboard of a plan: KPIs, trend, township ranking, drill-down, coinsurance, scorecard, live',
  })
  plan(@Req() req: Request, @Res() res: Response): void {
    this.assets.sendPage(req, res);
  }
}
