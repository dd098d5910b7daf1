import nodemailer from 'nodemailer';

export const transporter = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port: 587,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD },
});

export async function sendWelcomeEmail(to: string, name: string) {
  await transporter.sendMail({
    from: 'Inkwell <hello@inkwell.dev>',
    to,
    subject: `Welcome to Inkwell, ${name}!`,
    text: 'Thanks for signing up. Start writing your first post today.',
  });
}
