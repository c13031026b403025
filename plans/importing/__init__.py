"""Import a KẾ HOẠCH typed in Word: read the file (reader), decide what each
paragraph is (classify), then create the plan's records (build)."""
