"""What a child or a parent can do, in plain values; knows nothing of Telegram or Kakao."""
