ALTER TABLE "learning"."course_lessons" DROP CONSTRAINT "course_lessons_section_id_fkey";
--> statement-breakpoint
-- The same key with its columns in the index's order: one scan of the course's lessons (docs/migration-lint.md).
-- squawk-ignore adding-foreign-key-constraint
ALTER TABLE "learning"."course_lessons" ADD CONSTRAINT "course_lessons_section_id_fkey" FOREIGN KEY ("course_id","section_id") REFERENCES "learning"."course_sections"("course_id","id") ON DELETE cascade ON UPDATE no action;