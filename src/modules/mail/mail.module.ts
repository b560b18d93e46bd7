import { Module } from '@nestjs/common';
import { MailService } from './mail.service';

/** Outgoing email: SMTP (`SMTP_URL`) or, for local runs without it, `.eml` files under `MAIL_DIR`. */
@Module({
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
