import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../../common/auth/decorators';
import { Actor } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { AuthService } from './auth.service';
import { AuthResponseDto, LoginDto, MeDto, SignupDto } from './dto/auth.dto';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('signup')
  @Idempotent()
  @Public('auth')
  @ApiOperation({ operationId: 'signup', summary: 'Create an account and a workspace owned by it' })
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({ description: 'Email already registered', type: ProblemDto })
  signup(@Body() dto: SignupDto): Promise<AuthResponseDto> {
    return this.auth.signup(dto);
  }

  @Post('login')
  @Idempotent()
  @Public('auth')
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Log in with email and password' })
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password', type: ProblemDto })
  @ApiForbiddenResponse({ description: 'No active membership', type: ProblemDto })
  login(@Body() dto: LoginDto): Promise<AuthResponseDto> {
    return this.auth.login(dto);
  }

  @Post('logout')
  @Idempotent()
  @Roles('viewer')
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', summary: 'Revoke the access token used for this request' })
  @ApiNoContentResponse({ description: 'Logged out' })
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @Get('me')
  @Roles('viewer')
  @ApiOperation({ operationId: 'getMe', summary: 'The caller: user or API key, workspace, role' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.auth.me(actor);
  }
}
