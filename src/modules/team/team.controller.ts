import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPaymentRequiredResponse,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ClientIp, CurrentActor, OptionalPrincipal, Public, Roles } from '../../common/auth/decorators';
import { Actor, Principal } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { uuidPipe } from '../../common/validation/uuid.pipe';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  ChangeRoleDto,
  InvitationDto,
  InvitationPageDto,
  InvitationPreviewDto,
  InvitationQueryDto,
  InviteDto,
  MemberDto,
  MemberPageDto,
  MemberQueryDto,
} from './dto/team.dto';
import { InvitationsService } from './invitations.service';
import { MembersService } from './members.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

const TOKEN_PARAM = { name: 'token', description: 'The invitation token from the email link (43 URL-safe characters)' };

@ApiTags('team')
@Controller('api/v1/team')
export class TeamController {
  constructor(
    private readonly members: MembersService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get('members')
  @Roles('viewer')
  @ApiOperation({ operationId: 'listMembers', summary: 'List members (active by default), oldest first' })
  @ApiOkResponse({ type: MemberPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  listMembers(@CurrentActor() actor: Actor, @Query() q: MemberQueryDto) {
    return this.members.list(actor, q);
  }

  @Put('members/:id/role')
  @Roles('admin')
  @ApiOperation({
    operationId: 'changeMemberRole',
    summary: "Change a member's role (not above your own; only an owner grants or takes away owner)",
  })
  @ApiOkResponse({ type: MemberDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({
    description: '`last_owner`: the last active owner cannot be demoted; `conflict`: the member was removed',
    type: ProblemDto,
  })
  changeRole(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: ChangeRoleDto): Promise<MemberDto> {
    return this.members.changeRole(actor, id, dto.role);
  }

  @Delete('members/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeMember', summary: 'Remove a member (soft delete); their credentials stop working at once' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No active member with this id', type: ProblemDto })
  @ApiConflictResponse({ description: '`last_owner`: the last active owner cannot be removed', type: ProblemDto })
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    return this.members.remove(actor, id);
  }

  @Post('members/:id/reactivate')
  @Idempotent()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ operationId: 'reactivateMember', summary: 'Reactivate a removed member with their role; seats apply' })
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiPaymentRequiredResponse({ description: 'No free seat on the plan', type: ProblemDto })
  @ApiConflictResponse({ description: 'The member is already active', type: ProblemDto })
  reactivate(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<MemberDto> {
    return this.members.reactivate(actor, id);
  }

  @Post('invite')
  @Idempotent()
  @Roles('admin')
  @ApiOperation({ operationId: 'inviteMember', summary: 'Invite someone by email; the worker sends the email with the accept link' })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({ description: '`already_member` or `invitation_pending`', type: ProblemDto })
  @ApiPaymentRequiredResponse({ description: 'Seats full (active members + pending invitations)', type: ProblemDto })
  invite(@CurrentActor() actor: Actor, @Body() dto: InviteDto): Promise<InvitationDto> {
    return this.invitations.invite(actor, dto);
  }

  @Get('invitations')
  @Roles('admin')
  @ApiOperation({
    operationId: 'listInvitations',
    summary: 'List invitations, newest first (pending by default; `?status=expired` for expired ones)',
  })
  @ApiOkResponse({ type: InvitationPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  listInvitations(@CurrentActor() actor: Actor, @Query() q: InvitationQueryDto) {
    return this.invitations.list(actor, q);
  }

  @Post('invitations/:token/accept')
  @Idempotent()
  @Public('auth')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiSecurity({})
  @ApiParam(TOKEN_PARAM)
  @ApiOperation({
    operationId: 'acceptInvitation',
    summary:
      "Accept an invitation: with a user access token (same email); without one, with { password } of the invited email's account, or { name, password } to create it",
  })
  @ApiOkResponse({ type: AcceptedInvitationDto })
  @ApiBadRequestResponse({
    description: 'Without a credential: password, and for a new account name and a password of 12+ characters, are required',
    type: ProblemDto,
  })
  @ApiUnauthorizedResponse({
    description: "A credential was sent but is invalid, or the password is not the registered account's",
    type: ProblemDto,
  })
  @ApiForbiddenResponse({ description: "The signed-in user's email is not the invited one, or an API key was sent", type: ProblemDto })
  @ApiNotFoundResponse({ description: 'Unknown, cancelled or already used token', type: ProblemDto })
  @ApiConflictResponse({
    description: '`already_member`; `conflict`: the account was created meanwhile by another request',
    type: ProblemDto,
  })
  @ApiGoneResponse({ description: '`invitation_expired`', type: ProblemDto })
  accept(
    @Param('token') token: string,
    @OptionalPrincipal() caller: Principal | undefined,
    @Body() dto: AcceptInvitationDto,
    @ClientIp() ip: string,
  ): Promise<AcceptedInvitationDto> {
    return this.invitations.accept(token, caller, dto, ip ?? null);
  }

  @Delete('invitations/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'cancelInvitation', summary: 'Cancel an invitation; its token stops working' })
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiNotFoundResponse({ type: ProblemDto })
  cancel(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    return this.invitations.cancel(actor, id);
  }

  @Post('invitations/:id/resend')
  @Idempotent()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'resendInvitation',
    summary: 'Send the invitation again with a fresh token and expiry (the old token stops working)',
  })
  @ApiOkResponse({ type: InvitationDto })
  @ApiNotFoundResponse({ description: 'No pending or expired invitation with this id', type: ProblemDto })
  @ApiConflictResponse({
    description: 'An expired invitation whose email became a member (`already_member`) or was invited again (`invitation_pending`)',
    type: ProblemDto,
  })
  @ApiPaymentRequiredResponse({ description: 'An expired invitation needs a seat again and none is free', type: ProblemDto })
  resend(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<InvitationDto> {
    return this.invitations.resend(actor, id);
  }
}

/** The public accept page's data (no credential; rate-limited per client IP). */
@ApiTags('team')
@Controller('api/v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(':token')
  @Public('auth')
  @ApiParam(TOKEN_PARAM)
  @ApiOperation({ operationId: 'getInvitation', summary: 'What an invitation is for (accept page)' })
  @ApiOkResponse({ type: InvitationPreviewDto })
  @ApiNotFoundResponse({ description: 'Unknown, cancelled or already used token', type: ProblemDto })
  @ApiGoneResponse({ description: '`invitation_expired`', type: ProblemDto })
  preview(@Param('token') token: string): Promise<InvitationPreviewDto> {
    return this.invitations.preview(token);
  }
}
