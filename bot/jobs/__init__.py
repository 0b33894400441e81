"""What runs by itself: the drawing runner and its deliveries, the scheduler, the outbox of the bot's own messages."""
